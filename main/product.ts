import { version } from '../package.json';

export const PRODUCT_NAME = 'Candor';
export const PRODUCT_VERSION: string = version;
