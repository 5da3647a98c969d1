// Entities by first appearance: the earliest paper naming each, dated by its publication
// date, else its arXiv id (YYMM), else its listing date (month and day, year unknown).
// params: $type (string, default ""), $limit (int, default 25)
WITH ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
     AS months
MATCH (e:Entity)<-[:MENTIONS]-(p:Paper)
WHERE coalesce($type, '') = '' OR toLower(e.type) = toLower(coalesce($type, ''))
WITH e, p, months, split(coalesce(p.listing_date, ''), ' ') AS listed
WITH e, p, CASE
  WHEN p.date IS NOT NULL THEN p.date
  WHEN p.arxiv_id =~ '\\d{4}\\..*' THEN '20' + substring(p.arxiv_id, 0, 2) + '-'
                                        + substring(p.arxiv_id, 2, 2)
  WHEN size(listed) = 2 AND left(listed[0], 3) IN months
    THEN '????-' + right('0' + toString(
           [i IN range(0, 11) WHERE months[i] = left(listed[0], 3)][0] + 1), 2)
         + '-' + right('0' + listed[1], 2)
  ELSE '????'
END AS seen
WITH e, p, seen ORDER BY seen, p.title
WITH e, collect({seen: seen, title: p.title})[0] AS first
RETURN e.name AS entity, e.type AS type, first.seen AS first_seen, first.title AS first_paper,
       e.paper_count AS papers
ORDER BY first_seen, papers DESC, entity
LIMIT toInteger(coalesce($limit, 25))
