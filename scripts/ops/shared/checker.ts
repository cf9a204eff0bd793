// A structural checker with zod's shape (object/array/string/number/...), because zod is a dependency of
// @ops/core only and the scripts package must not add one. Swapping this file for zod is mechanical.

export interface Checker<T> {
  /** Problems found at `path` (empty when the value conforms). */
  check(value: unknown, path?: string): string[];
  readonly _type?: T;
}

export type Infer<C> = C extends Checker<infer T> ? T : never;

const describe = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

function leaf<T>(name: string, ok: (value: unknown) => boolean): Checker<T> {
  return { check: (value, path = "$") => (ok(value) ? [] : [`${path}: expected ${name}, got ${describe(value)}`]) };
}

export const string = (): Checker<string> => leaf("string", (v) => typeof v === "string");
export const number = (): Checker<number> => leaf("finite number", (v) => typeof v === "number" && Number.isFinite(v));
export const integer = (): Checker<number> => leaf("integer", (v) => typeof v === "number" && Number.isInteger(v));
export const boolean = (): Checker<boolean> => leaf("boolean", (v) => typeof v === "boolean");
export const isoTime = (): Checker<string> =>
  leaf("ISO-8601 time", (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)));

export function literal<const V extends readonly (string | number | boolean)[]>(...values: V): Checker<V[number]> {
  return leaf(`one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, (v) => (values as readonly unknown[]).includes(v));
}

export function nullable<T>(inner: Checker<T>): Checker<T | null> {
  return { check: (value, path = "$") => (value === null ? [] : inner.check(value, path)) };
}

export function array<T>(item: Checker<T>): Checker<T[]> {
  return {
    check(value, path = "$") {
      if (!Array.isArray(value)) return [`${path}: expected array, got ${describe(value)}`];
      return value.flatMap((v, i) => item.check(v, `${path}[${i}]`));
    },
  };
}

export function record<T>(item: Checker<T>): Checker<Record<string, T>> {
  return {
    check(value, path = "$") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected object, got ${describe(value)}`];
      return Object.entries(value).flatMap(([k, v]) => item.check(v, `${path}.${k}`));
    },
  };
}

type Shape = Record<string, Checker<unknown>>;
export type ObjectOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

/** Every key is required and no other key is allowed (a renamed field must fail the schema test). */
export function object<S extends Shape>(shape: S): Checker<ObjectOf<S>> {
  return {
    check(value, path = "$") {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected object, got ${describe(value)}`];
      const entries = value as Record<string, unknown>;
      const problems = Object.entries(shape).flatMap(([key, checker]) =>
        key in entries ? checker.check(entries[key], `${path}.${key}`) : [`${path}.${key}: missing`],
      );
      for (const key of Object.keys(entries)) if (!(key in shape)) problems.push(`${path}.${key}: unexpected key`);
      return problems;
    },
  };
}
