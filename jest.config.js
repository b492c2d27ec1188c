/** Jest runs the TypeScript sources as ESM through ts-jest (the package is "type": "module"; imports end in .js). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }] },
  setupFiles: ["reflect-metadata"],
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 30000,
};
