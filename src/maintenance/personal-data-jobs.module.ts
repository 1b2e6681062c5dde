import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { PersonalDataJobs } from './personal-data-jobs.service.js';
import { PersonalDataReencryptionService } from './personal-data-reencryption.service.js';

/** Background work on stored personal data: re-encryption in the current format under the current key. */
@Module({
  imports: [JobsModule],
  providers: [PersonalDataReencryptionService, PersonalDataJobs],
  exports: [PersonalDataReencryptionService, PersonalDataJobs],
})
export class PersonalDataJobsModule {}
