// @ts-check
import tseslint from "typescript-eslint";

/** Platform and database libraries that the pure core must never see. */
const outsideTheCore = [
  { group: ["@prisma/*", "prisma", "**/generated/**"], message: "The domain and flows talk to the store through ports (src/flows/ports.ts)." },
  { group: ["grammy", "grammy/*", "@grammyjs/*"], message: "Telegram belongs in src/bots/telegram." },
  { group: ["@slack/*"], message: "Slack belongs in src/bots/slack." },
  { group: ["whatsapp-web.js", "whatsapp-web.js/*"], message: "WhatsApp belongs in src/bots/whatsapp." },
  { group: ["**/store/**", "**/bots/**"], message: "Arrows point inwards: the store and the bots depend on the core, never the reverse." },
];

export default tseslint.config(
  { ignores: ["node_modules", "data", "src/store/generated", "dist", "coverage"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      
    },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "error" },
  },
  {
    files: ["src/domain/**/*.ts", "src/flows/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: outsideTheCore }] },
  },
  {
    files: ["src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [...outsideTheCore, { group: ["**/flows/**", "i18next"], message: "The domain is pure rules: no flows, no texts." }],
      }],
    },
  },
);
