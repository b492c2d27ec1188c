// ESLint over src, test and scripts: ESLint's and typescript-eslint's recommended rules, the
// type-aware ones included (they read the types through tsconfig.json). Rules that fight a
// deliberate habit of the code are turned off below, each with its reason.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  // Generated or built output (the schema and codegen files are checked by scripts/check-generated.sh).
  { ignores: ["dist/", "coverage/", "data/", "schema/", "test/generated/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        // TypeScript files use tsconfig.json; the few JavaScript files outside it get a default project.
        projectService: { allowDefaultProject: ["*.js", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `_name` marks a parameter or destructured key that is there on purpose and not read.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // `xs[i]!` marks an index read known to exist (tsconfig has no noUncheckedIndexedAccess); the rule would strip them.
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      // `async` on interface methods and Apollo plugin hooks keeps the Promise contract and turns a throw into a rejection.
      "@typescript-eslint/require-await": "off",
      // String enums (graphql-js Kind and OperationTypeNode, the domain's) are compared with their literal values on purpose.
      "@typescript-eslint/no-unsafe-enum-comparison": "off",
      // `"ROLL_IN" | "ROLL_OUT" | string` names the known values of an open set; `unknown | undefined` says a value may be missing.
      "@typescript-eslint/no-redundant-type-constituents": "off",
      // String(x) on an unchecked wire field is deliberate: an object there gives a mismatch, not a crash.
      "@typescript-eslint/no-base-to-string": "off",
      // An async iterator's throw(reason) hands back the reason it was given, whatever it is.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests read raw JSON answers and edit raw configs as loosely typed values on purpose.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // JavaScript files (this config, jest's, the scripts) are not type-checked.
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The dashboard page runs in the browser.
    files: ["src/dashboard/page/**/*.ts"],
    languageOptions: { globals: globals.browser },
  },
);
