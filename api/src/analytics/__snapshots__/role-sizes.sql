select "round_id", role::text as "role", count(*) as "n"
from "responses"
where "status" = 'SUBMITTED'
  and "round_id" = any($1::uuid[])
group by "round_id", "role"

-- parameters: ["{\"6f1c2d3e-0000-4000-8000-000000000001\",\"6f1c2d3e-0000-4000-8000-000000000002\"}"]
