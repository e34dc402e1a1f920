import type { SourcePlugin } from '../../plugin.js';
import { homeAssistantEvents } from './homeassistant-events.js';
import { icsEvents } from './ics-events.js';
import { mqttEvents } from './mqtt-events.js';
import { octopusEvents } from './octopus-events.js';
import { staticEvents } from './static-events.js';

/** Source types for the `events:` list (issue 18): calendars, sensors, supplier sessions. */
export const eventPlugins: SourcePlugin[] = [
  staticEvents,
  icsEvents,
  mqttEvents,
  homeAssistantEvents,
  octopusEvents,
];
