import { capturedShareSuite } from './captured-suite.js';

// The capacity-tariff house (issue 18) in its three windows.
capturedShareSuite(['config/backtest-capacity.yaml'], { windows: true, variants: false });
