// URL checks both the host (opening links) and the build scripts (validating the course) need.

/** True for an absolute http(s) URL with a host: the only links LLM Study opens outside the editor. */
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}
