-- One database per service, owned by the role the services connect as (created by the image from
-- POSTGRES_USER). Runs once, when the data volume is empty.
CREATE DATABASE tasks OWNER qinglian;
CREATE DATABASE supervision OWNER qinglian;
CREATE DATABASE oversight OWNER qinglian;
