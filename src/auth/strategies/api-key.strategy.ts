import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ApiKeysService } from '../api-keys/api-keys.service.js';

/** `X-Api-Key: <key>` for platforms (header only: keys never travel in URLs or bodies). */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super({ header: 'X-Api-Key', prefix: '' }, false);
  }

  /** The platform caller for the presented key. */
  validate(apiKey: string) {
    return this.apiKeys.authenticate(apiKey);
  }
}
