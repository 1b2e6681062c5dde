import { Module } from '@nestjs/common';
import { PersonalDataJobs } from './personal-data-jobs.service.js';
import { PersonalDataReencryptionService } from './personal-data-reencryption.service.js';

/** Background work on stored personal data: re-encryption in the current format under the current key. */
@Module({
  providers: [PersonalDataReencryptionService, PersonalDataJobs],
  exports: [PersonalDataReencryptionService, PersonalDataJobs],
})
export class PersonalDataJobsModule {}
