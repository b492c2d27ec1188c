import type { CallFrame } from "./cpuProfile.js";

/** The packages counted under another package's name: their dependencies doing their work. */
const PACKAGE_FAMILIES: ReadonlyArray<readonly [category: string, packages: readonly string[]]> = [
  ["graphql-js", ["graphql"]],
  ["@apollo/server", ["@apollo/*", "@as-integrations/*", "@graphql-tools/*", "whatwg-mimetype"]],
  [
    "express",
    [
      "express",
      "router",
      "body-parser",
      "raw-body",
      "iconv-lite",
      "safer-buffer",
      "qs",
      "side-channel*",
      "call-bind*",
      "call-bound",
      "get-intrinsic",
      "get-proto",
      "dunder-proto",
      "es-*",
      "gopd",
      "has-symbols",
      "hasown",
      "function-bind",
      "math-intrinsics",
      "object-inspect",
      "finalhandler",
      "http-errors",
      "statuses",
      "toidentifier",
      "type-is",
      "media-typer",
      "mime-types",
      "mime-db",
      "negotiator",
      "accepts",
      "path-to-regexp",
      "send",
      "debug",
      "ms",
      "content-type",
      "content-disposition",
      "on-finished",
      "ee-first",
      "parseurl",
      "depd",
      "setprototypeof",
      "encodeurl",
      "escape-html",
      "etag",
      "fresh",
      "range-parser",
      "vary",
      "cookie",
      "cookie-signature",
      "proxy-addr",
      "forwarded",
      "ipaddr.js",
      "bytes",
      "unpipe",
      "destroy",
      "merge-descriptors",
      "is-promise",
      "once",
      "wrappy",
      "inherits",
    ],
  ],
  ["type-graphql", ["type-graphql", "reflect-metadata"]],
  ["node-fetch", ["node-fetch", "fetch-blob", "data-uri-to-buffer", "formdata-polyfill", "node-domexception", "web-streams-polyfill"]],
  ["undici", ["undici"]],
  ["decimal.js", ["decimal.js"]],
];

/** Node's own modules by what they do (`node:<name>` or `node:internal/<name>`). */
const NODE_GROUPS: ReadonlyArray<readonly [category: string, names: RegExp]> = [
  ["Node HTTP/net", /^(_http_\w+|https?|net|tls|_tls_\w+|dns|url|internal\/(http|net|dns|url|freelist|stream_base_commons))$/],
  ["Node streams", /^(stream(\/\w+)?|string_decoder|zlib|buffer|internal\/buffer|internal\/(streams|webstreams)\/.*)$/],
  [
    "Node abort/events/timers/microtasks",
    /^(events|timers|async_hooks|internal\/(event_target|abort_controller|per_context\/domexception|timers|async_hooks|process\/task_queues|process\/promises))$/,
  ],
  ["Node crypto", /^(internal\/)?crypto(\/.*)?$/],
];
/** Native functions (no script) and where they belong: the sockets' writes and the microtask loop. */
const NATIVE_GROUPS: ReadonlyMap<string, string> = new Map([
  ...["writev", "writeUtf8String", "writeLatin1String", "writeBuffer", "writeAsciiString", "readStart", "readStop", "shutdown"].map((name) => [name, "Node HTTP/net"] as const),
  ["runMicrotasks", "Node abort/events/timers/microtasks"],
  ["parse", "JSON"],
  ["stringify", "JSON"],
]);

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** The fixed rows of the profile split, in the order the report prints them (src/<folder> rows and "other packages" come after). */
export const PROFILE_CATEGORIES = [
  "graphql-js",
  "@apollo/server",
  "express",
  "type-graphql",
  "node-fetch",
  "undici",
  "Node HTTP/net",
  "Node streams",
  "Node abort/events/timers/microtasks",
  "Node crypto",
  "Node other internals",
  "JSON",
  "decimal.js",
  "GC",
  "V8 and natives (program)",
] as const;

/**
 * Which row of the profile split a frame's self time goes to: a package (with the helpers it
 * pulls in, e.g. express's router and body-parser), Node's internals by role (HTTP and
 * sockets, streams, abort signals/events/timers/microtasks, crypto: request signing), JSON
 * (the native parse/stringify frames, and Apollo's answer stringify), our own src/<folder>
 * (src/exchanges/<folder>), GC, V8's unattributed `(program)` and other natives, or "other
 * packages: <name>".
 */
export function profileCategory(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(program)" || functionName === "(root)") return "V8 and natives (program)";
  // V8 charges a builtin's time to its JavaScript caller: Apollo's prettyJSONStringify is JSON.stringify of the answer and nothing else.
  if (functionName === "prettyJSONStringify" && url.includes("/@apollo/server/")) return "JSON";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) {
    for (const [category, packages] of PACKAGE_FAMILIES) if (packages.some((p) => matches(p, pkg))) return category;
    return `other packages: ${pkg}`;
  }
  const ours = /\/dist\/src\/(exchanges\/[^/]+|[^/]+)/.exec(url)?.[1];
  if (ours) return `src/${ours.replace(/\.js$/, ".ts")}`;
  if (url.startsWith("node:")) {
    const name = url.slice("node:".length);
    if (name.startsWith("internal/deps/undici")) return "undici";
    return NODE_GROUPS.find(([, names]) => names.test(name))?.[0] ?? "Node other internals";
  }
  if (url === "") return NATIVE_GROUPS.get(functionName) ?? "V8 and natives (program)";
  return "other";
}
