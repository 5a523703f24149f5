/**
 * `npm start`: runs eventline on the local cloud.
 *
 * The local cloud's deployer is not built yet, so this says so and exits
 * non-zero rather than pretending to have started anything.
 */
console.error(
  'eventline: the local cloud cannot deploy the app yet (see the open issue "Local cloud, part 2"). Nothing was started.',
);
process.exit(1);
