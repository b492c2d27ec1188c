import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * The GraphiQL files Coffer serves itself, from npm packages: the machines that run it may
 * have no internet, and a CDN would leak which API a user is exploring.
 */
export const GRAPHIQL_ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "react.js": { file: require.resolve("react/umd/react.production.min.js"), type: "text/javascript" },
  "react-dom.js": { file: require.resolve("react-dom/umd/react-dom.production.min.js"), type: "text/javascript" },
  "graphiql.js": { file: require.resolve("graphiql/dist/index.umd.js"), type: "text/javascript" },
  "graphiql.css": { file: require.resolve("graphiql/dist/style.css"), type: "text/css" },
};
