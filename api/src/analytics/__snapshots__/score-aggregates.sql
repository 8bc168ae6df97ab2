select "r"."round_id", r.role::text as "role", "cs"."construct_key", count(*) as "n", avg(cs.score) as "mean", stddev_samp(cs.score) as "sd", percentile_cont(array[0.25, 0.5, 0.75]) within group (order by cs.score) as "quartiles"
from "construct_scores" as "cs"
inner join "responses" as "r" on "r"."id" = "cs"."response_id"
where "r"."status" = 'SUBMITTED'
  and "r"."round_id" = any($1::uuid[])
  and cs.answered_items >= $2::double precision * cs.shown_items
group by grouping sets ((r.round_id, r.role, cs.construct_key), (r.round_id, cs.construct_key))

-- parameters: ["{\"6f1c2d3e-0000-4000-8000-000000000001\",\"6f1c2d3e-0000-4000-8000-000000000002\"}",0.5]
