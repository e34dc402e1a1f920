import { capturedShareSuite } from './captured-suite.js';

// The generated variants (other rooms, miners, heaters, comfort prices) of the Nano and S9 houses.
capturedShareSuite(['config/backtest-nano.yaml', 'config/backtest-s9-pv.yaml'], {
  windows: false,
  variants: true,
});
