select "w"."id", "w"."label", "w"."opens_at", "w"."closes_at", "w"."closed_at", "w"."draft", "w"."min_group_size", "w"."results_after_close", "w"."project_id", "p"."name" as "project_name", "w"."instrument_version_id"
from "rounds" as "w"
inner join "projects" as "p" on "p"."id" = "w"."project_id"
where "w"."project_id" = any($1::uuid[])
  and "w"."id" = any($2::uuid[])

-- parameters: ["{\"5e0b1c2d-0000-4000-8000-000000000001\"}","{\"6f1c2d3e-0000-4000-8000-000000000001\",\"6f1c2d3e-0000-4000-8000-000000000002\"}"]
