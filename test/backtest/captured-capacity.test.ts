import { capturedShareSuite } from './captured-suite.js';

// The capacity-tariff house (issue 18) in a file of its own, so no test file runs longer than 3 s.
capturedShareSuite(['config/backtest-capacity.yaml']);
