with "o" as (select "key", unnest(members) as "id"
from "release_members"
where "release_id" = $1),
"n" as (select "key", unnest(members) as "id"
from "release_members"
where "release_id" = $2) select coalesce(o.key, n.key) as "key", count(*) filter (where o.id is null) as "added", count(*) filter (where n.id is null) as "removed"
from "o"
full join "n" on "o"."key" = "n"."key"
  and "o"."id" = "n"."id"
where ("o"."id" is null or "n"."id" is null)
group by coalesce(o.key, n.key)

-- parameters: ["7a2d3e4f-0000-4000-8000-000000000001","7a2d3e4f-0000-4000-8000-000000000002"]
