import { capturedShareSuite } from './captured-suite.js';

// The S9 with PV in its three windows; its generated variants are in captured-variants.test.ts.
capturedShareSuite(['config/backtest-s9-pv.yaml'], { windows: true, variants: false });
