select "key", "members"
from "release_members"
where "release_id" = $1
  and key like any($2::text[])

-- parameters: ["7a2d3e4f-0000-4000-8000-000000000001","{\"s|%\",\"i|hope\\\\_\\\\%%\"}"]
