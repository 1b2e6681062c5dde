import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { personalDataKeys } from '../../config/secrets.js';
import { PERSONAL_DATA_KEYS, PersonalDataService } from './personal-data.service.js';

/** Encryption, blind indexes and masking of personal data, with keys from configuration. */
@Global()
@Module({
  providers: [{ provide: PERSONAL_DATA_KEYS, inject: [AppConfig], useFactory: (config: AppConfig) => personalDataKeys(config) }, PersonalDataService],
  exports: [PersonalDataService],
})
export class PersonalDataModule {}
