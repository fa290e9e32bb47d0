import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-length-increased', keyword: 'maxLength', direction: 'request', change: 'looser', level: 'info' });
