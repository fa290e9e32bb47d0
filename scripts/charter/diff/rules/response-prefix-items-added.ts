import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-prefix-items-added', keyword: 'prefixItems', direction: 'response', change: 'added' });
