import { badgeDownload } from '../../download';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => badgeDownload(locals.actor, params.id, 'png');
