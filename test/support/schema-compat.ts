/**
 * Checks that one schema is a compatible subset of another: every type, field, argument, input field,
 * enum value, union member and interface that `subset` declares exists in `full` with the same type.
 */
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  if (isInputObjectType(type)) return 'input';
  if (isScalarType(type)) return 'scalar';
  return 'unknown';
}

/** Every incompatibility, one sentence each; empty when `subset` is compatible. */
export function schemaSubsetProblems(subset: GraphQLSchema, full: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const [name, ours] of Object.entries(subset.getTypeMap())) {
    if (name.startsWith('__')) continue;
    const theirs = full.getType(name);
    if (!theirs) {
      problems.push(`type ${name} does not exist upstream`);
      continue;
    }
    if (kindOf(ours) !== kindOf(theirs)) {
      problems.push(`type ${name} is ${kindOf(ours)} here but ${kindOf(theirs)} upstream`);
      continue;
    }
    if ((isObjectType(ours) || isInterfaceType(ours)) && (isObjectType(theirs) || isInterfaceType(theirs))) {
      const theirFields = theirs.getFields();
      for (const field of Object.values(ours.getFields())) {
        const match = theirFields[field.name];
        if (!match) {
          problems.push(`field ${name}.${field.name} does not exist upstream`);
          continue;
        }
        if (String(field.type) !== String(match.type)) {
          problems.push(`field ${name}.${field.name} is ${String(field.type)} here but ${String(match.type)} upstream`);
        }
        for (const arg of field.args) {
          const theirArg = match.args.find((a) => a.name === arg.name);
          if (!theirArg) problems.push(`argument ${name}.${field.name}(${arg.name}) does not exist upstream`);
          else if (String(arg.type) !== String(theirArg.type)) {
            problems.push(`argument ${name}.${field.name}(${arg.name}) is ${String(arg.type)} here but ${String(theirArg.type)} upstream`);
          }
        }
        for (const theirArg of match.args) {
          if (String(theirArg.type).endsWith('!') && !field.args.some((a) => a.name === theirArg.name)) {
            problems.push(`required argument ${name}.${field.name}(${theirArg.name}) is missing here`);
          }
        }
      }
      const theirInterfaces = new Set(theirs.getInterfaces().map((i) => i.name));
      for (const iface of ours.getInterfaces()) {
        if (!theirInterfaces.has(iface.name)) problems.push(`${name} implements ${iface.name} here but not upstream`);
      }
    }
    if (isInputObjectType(ours) && isInputObjectType(theirs)) {
      const theirFields = theirs.getFields();
      for (const field of Object.values(ours.getFields())) {
        const match = theirFields[field.name];
        if (!match) problems.push(`input field ${name}.${field.name} does not exist upstream`);
        else if (String(field.type) !== String(match.type)) {
          problems.push(`input field ${name}.${field.name} is ${String(field.type)} here but ${String(match.type)} upstream`);
        }
      }
      for (const match of Object.values(theirFields)) {
        if (String(match.type).endsWith('!') && !ours.getFields()[match.name]) {
          problems.push(`required input field ${name}.${match.name} is missing here`);
        }
      }
    }
    if (isEnumType(ours) && isEnumType(theirs)) {
      const theirValues = new Set(theirs.getValues().map((v) => v.name));
      for (const value of ours.getValues()) {
        if (!theirValues.has(value.name)) problems.push(`enum value ${name}.${value.name} does not exist upstream`);
      }
    }
    if (isUnionType(ours) && isUnionType(theirs)) {
      const members = new Set(theirs.getTypes().map((t) => t.name));
      for (const member of ours.getTypes()) {
        if (!members.has(member.name)) problems.push(`union ${name} member ${member.name} is not a member upstream`);
      }
    }
  }
  return problems;
}
