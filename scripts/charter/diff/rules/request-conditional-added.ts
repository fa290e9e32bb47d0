import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-conditional-added', keyword: 'conditional', direction: 'request', change: 'added' });
