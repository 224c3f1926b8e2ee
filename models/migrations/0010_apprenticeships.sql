-- Apprenticeships and age as hard filters of matching.
--
-- A graduate may be a student enrolled in their programme (only they take work-based
-- learning places), and carries adult_from only if they were a minor when certified: the
-- first day they are surely of age (never the birth date; see GraduateCertified.adult_from).
ALTER TABLE graduates ADD COLUMN IF NOT EXISTS enrolled_student boolean NOT NULL DEFAULT false;
ALTER TABLE graduates ADD COLUMN IF NOT EXISTS adult_from date;

-- A vacancy may be a work-based learning place, and may admit people aged 15 to 17 once its
-- employer attests the Ley Federal del Trabajo's conditions: daytime work only, at most
-- 6 hours a day, nothing hazardous or unhealthy.
ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS work_based_learning boolean NOT NULL DEFAULT false;
ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS admits_minors boolean NOT NULL DEFAULT false;
ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS minor_daily_hours smallint
    CHECK (minor_daily_hours BETWEEN 1 AND 24);
ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS minor_daytime_only boolean NOT NULL DEFAULT false;
ALTER TABLE vacancies ADD COLUMN IF NOT EXISTS minor_no_hazardous_work boolean
    NOT NULL DEFAULT false;
ALTER TABLE vacancies DROP CONSTRAINT IF EXISTS vacancies_minor_conditions;
ALTER TABLE vacancies ADD CONSTRAINT vacancies_minor_conditions CHECK (
    NOT admits_minors
    OR (minor_daily_hours <= 6 AND minor_daytime_only AND minor_no_hazardous_work)
);
