import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-conditional-added', keyword: 'conditional', direction: 'response', change: 'added' });
