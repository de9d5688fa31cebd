import { resolve } from 'node:path';

/** The folder of the product's own migrations, for apps that run them at start-up. */
export const productMigrationsDirectory = resolve(__dirname, '../migrations');
