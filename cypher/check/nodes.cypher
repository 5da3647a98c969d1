// Every graphbuild node with its labels and properties, for snapshots and checksums.
// params: none
MATCH (n)
WHERE n:Paper OR n:Entity OR n:Author OR n:Venue
RETURN labels(n) AS labels, properties(n) AS props
