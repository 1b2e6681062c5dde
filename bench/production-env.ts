/**
 * Imported first by a benchmark: the process runs with NODE_ENV=production, as the Dockerfile and
 * docker-compose run the app. Libraries read it once when they load (graphql-js, for one, swaps its
 * cross-realm `instanceOf` check for a plain `instanceof`), so it must be set before they are imported.
 */
process.env.NODE_ENV = 'production';
