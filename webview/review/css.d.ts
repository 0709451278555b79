// esbuild bundles imported CSS into dist/webview/review.css; the type checker only needs to know the import exists.
declare module '*.css';
