/** Public API roots; tests point them at a local server. */
export interface DataBaseUrls {
  energyCharts: string;
  openMeteoArchive: string;
  mempool: string;
}

/** The real services. */
export const DEFAULT_BASE_URLS: DataBaseUrls = {
  energyCharts: 'https://api.energy-charts.info',
  openMeteoArchive: 'https://archive-api.open-meteo.com',
  mempool: 'https://mempool.space',
};
