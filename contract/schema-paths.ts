import type { z } from 'zod';

/**
 * The leaf fields of a zod schema as dotted paths, `[]` standing for any array item
 * (`system.probes.hardware.data.gpus[].vendor`). Every variant of a union contributes its fields.
 * A schema construct this does not know is an error, so a new kind of field cannot slip past the
 * privacy manifest's check.
 */
export function schemaLeafPaths(schema: z.ZodType): string[] {
  const paths = new Set<string>();
  const visit = (node: z.ZodType, path: string): void => {
    const def = (node as unknown as { _zod: { def: ZodDefinition } })._zod.def;
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) visit(child, path === '' ? key : `${path}.${key}`);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
        if (def.innerType !== undefined) visit(def.innerType, path);
        return;
      case 'array':
        if (def.element !== undefined) visit(def.element, `${path}[]`);
        return;
      case 'union':
        for (const option of def.options ?? []) visit(option, path);
        return;
      case 'string':
      case 'number':
      case 'int':
      case 'boolean':
      case 'literal':
      case 'enum':
        paths.add(path);
        return;
      default:
        throw new Error(
          `schemaLeafPaths: ${path === '' ? 'the schema' : path} is a zod ${def.type}, which the privacy manifest does not know yet`,
        );
    }
  };
  visit(schema, '');
  return [...paths].sort();
}

interface ZodDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}
