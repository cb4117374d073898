import type { ResourceRef } from "./hold.js";

/** Collects a statement's parameters while its text is built, handing out `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ""): string {
    return `$${this.values.push(value)}${cast}`;
  }

  /** `column = value`, or `= ANY(array)` for several: one value lets the planner walk a composite index in order. */
  oneOf(column: string, values: readonly string[]): string {
    return values.length === 1
      ? `${column} = ${this.add(values[0])}`
      : `${column} = ANY(${this.add(values, "::text[]")})`;
  }

  /** Rows whose (resource_kind, resource_id) is one of `resources`. */
  resourceIn(resources: readonly ResourceRef[]): string {
    const kinds = this.add(
      resources.map((r) => r.kind),
      "::text[]",
    );
    const ids = this.add(
      resources.map((r) => r.id),
      "::text[]",
    );
    return `(resource_kind, resource_id) IN (SELECT * FROM unnest(${kinds}, ${ids}))`;
  }
}
