// Name, version and edition of the server, to refuse servers older than 5.x.
// params: none
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
