import { GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, graphql } from 'graphql';
import { answerPrefetchedFields, withPrefetched } from './prefetched-fields.js';

describe('answerPrefetchedFields', () => {
  let calls = 0;
  const resolvers = answerPrefetchedFields({
    Item: {
      tags: () => {
        calls += 1;
        return ['from the resolver'];
      },
    },
    Query: { items: () => [withPrefetched({ id: 'a' }, { tags: ['prefetched'] }), { id: 'b' }, withPrefetched({ id: 'c' }, { tags: null })] },
  }) as { Item: { tags: () => unknown }; Query: { items: () => unknown } };
  const item = new GraphQLObjectType({
    name: 'Item',
    fields: { id: { type: GraphQLString }, tags: { type: new GraphQLList(GraphQLString), resolve: resolvers.Item.tags } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { items: { type: new GraphQLList(item), resolve: resolvers.Query.items } } }),
  });

  it('answers a field from the values its node was read with, even null, and calls the resolver only for nodes without them', async () => {
    const result = await graphql({ schema, source: '{ items { id tags } }' });
    expect(result.data).toEqual({
      items: [
        { id: 'a', tags: ['prefetched'] },
        { id: 'b', tags: ['from the resolver'] },
        { id: 'c', tags: null },
      ],
    });
    expect(calls).toBe(1);
  });

  it("keeps the prefetched values out of the node's own properties", () => {
    expect(Object.keys(withPrefetched({ id: 'a' }, { tags: [] }))).toEqual(['id']);
    expect(JSON.stringify(withPrefetched({ id: 'a' }, { tags: [] }))).toBe('{"id":"a"}');
  });
});
