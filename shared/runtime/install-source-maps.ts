import { installLazySourceMaps } from './source-maps';

// Injected into every function bundle by EventlineFunction (esbuild `inject`),
// so that its stack traces are source-mapped without a cost at cold start.
installLazySourceMaps();
