// Types for generate-clients.mjs, which stays plain JavaScript because it runs
// as the postinstall, before TypeScript tooling can be relied on.

/** The providers Baraza serves, each with its own folder under prisma/. */
export declare const providers: readonly ["sqlite", "postgresql"];

/** Where the composed schema of a provider lives (committed). */
export declare function schemaPath(provider: "sqlite" | "postgresql", base?: string): string;

/** The full schema for one provider: header, then models.prisma verbatim. */
export declare function composeSchema(provider: "sqlite" | "postgresql", models: string): string;

/** Composed schemas out of sync with models.prisma, relative to `base`; empty when in sync. */
export declare function staleSchemas(base?: string): Promise<string[]>;

/** Composes both schemas and regenerates the clients whose schema changed; returns those providers. */
export declare function generateClients(options?: { force?: boolean }): Promise<string[]>;
