import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-not-added', keyword: 'not', direction: 'response', change: 'added' });
