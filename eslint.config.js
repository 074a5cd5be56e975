import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "pki/", "test-output/", "bench-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Only the store touches the ORM (STYLE lesson 6): everything else reads through store.read and
    // writes in store.unitOfWork, whose types have no way to write outside a transaction.
    files: ["src/**/*.ts", "src/**/*.tsx", "tools/**/*.ts"],
    ignores: ["src/store/**"],
    rules: { "no-restricted-imports": ["error", { paths: [{ name: "typeorm", message: "only src/store uses TypeORM; ask the Store port" }] }] },
  },
  {
    // Tests read JSON answers whose shape is what they assert.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
