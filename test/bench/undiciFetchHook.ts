import { register } from "node:module";

/**
 * Preloaded into a Coffer process (`node --import <this file> dist/src/main.js`): every import
 * of "node-fetch" resolves to undiciFetch.ts instead, so the bench can time Coffer's dashboard
 * with undici's `request` under the same HTTP client code, connectors and server. Bench only.
 */
register(new URL("./undiciFetchResolve.js", import.meta.url));
