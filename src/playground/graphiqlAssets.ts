import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** A file inside an installed package; package "exports" maps do not list the UMD builds. */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/**
 * The GraphiQL files Coffer serves itself, from npm packages: the machines that run it may
 * have no internet, and a CDN would leak which API a user is exploring.
 */
export const GRAPHIQL_ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  "react.js": { file: packageFile("react", "umd/react.production.min.js"), type: "text/javascript" },
  "react-dom.js": { file: packageFile("react-dom", "umd/react-dom.production.min.js"), type: "text/javascript" },
  "graphiql.js": { file: packageFile("graphiql", "dist/index.umd.js"), type: "text/javascript" },
  "graphiql.css": { file: packageFile("graphiql", "dist/style.css"), type: "text/css" },
  // The graphql-ws client (global graphqlWs): GraphiQL runs subscriptions through it.
  "graphql-ws.js": { file: packageFile("graphql-ws", "umd/graphql-ws.min.js"), type: "text/javascript" },
};
