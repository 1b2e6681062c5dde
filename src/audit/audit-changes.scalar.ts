import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.LIST:
      return node.values.map(literal);
    default:
      return null;
  }
}

/** An audit entry's masked input, as a JSON object (output only in practice). */
export const AuditChangesScalar = new GraphQLScalarType({
  name: 'AuditChanges',
  description: '审计变更字段（JSON 对象，个人信息已脱敏） / Audited changes as a JSON object, personal data masked',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literal,
});
