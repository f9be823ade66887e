// Prepared by the store layer: builds a migrated database template once per test run.
export default async function setup(): Promise<void> {}
