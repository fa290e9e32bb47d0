import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-not-added', keyword: 'not', direction: 'request', change: 'added' });
