select "r"."round_id", r.role::text as "role", "a"."item_key", "a"."number", "a"."not_applicable", count(*) as "count"
from "answers" as "a"
inner join "responses" as "r" on "r"."id" = "a"."response_id"
where "r"."status" = 'SUBMITTED'
  and "r"."round_id" = any($1::uuid[])
  and ("a"."number" is not null or "a"."not_applicable" = $2)
group by "r"."round_id", "r"."role", "a"."item_key", "a"."number", "a"."not_applicable"

-- parameters: ["{\"6f1c2d3e-0000-4000-8000-000000000001\",\"6f1c2d3e-0000-4000-8000-000000000002\"}",true]
