/** A bidding zone's default weather place (its largest city) for `hashheat data fetch`. */
export interface ZonePlace {
  latitude: number;
  longitude: number;
  place: string;
}

/** Default places per Energy-Charts bidding zone; others need --lat and --lon. */
export const ZONE_PLACES: Readonly<Record<string, ZonePlace>> = {
  'DE-LU': { latitude: 50.11, longitude: 8.68, place: 'Frankfurt' },
  AT: { latitude: 48.21, longitude: 16.37, place: 'Vienna' },
  BE: { latitude: 50.85, longitude: 4.35, place: 'Brussels' },
  CH: { latitude: 47.37, longitude: 8.54, place: 'Zurich' },
  CZ: { latitude: 50.08, longitude: 14.44, place: 'Prague' },
  DK1: { latitude: 56.16, longitude: 10.2, place: 'Aarhus' },
  DK2: { latitude: 55.68, longitude: 12.57, place: 'Copenhagen' },
  ES: { latitude: 40.42, longitude: -3.7, place: 'Madrid' },
  FR: { latitude: 48.86, longitude: 2.35, place: 'Paris' },
  HU: { latitude: 47.5, longitude: 19.04, place: 'Budapest' },
  'IT-North': { latitude: 45.46, longitude: 9.19, place: 'Milan' },
  NL: { latitude: 52.37, longitude: 4.9, place: 'Amsterdam' },
  NO2: { latitude: 58.97, longitude: 5.73, place: 'Stavanger' },
  PL: { latitude: 52.23, longitude: 21.01, place: 'Warsaw' },
  SE3: { latitude: 59.33, longitude: 18.07, place: 'Stockholm' },
  SE4: { latitude: 55.6, longitude: 13.0, place: 'Malmö' },
  SI: { latitude: 46.06, longitude: 14.51, place: 'Ljubljana' },
};
