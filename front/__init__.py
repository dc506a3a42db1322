"""front: the server-rendered web pages of Thrift Kingdom, calling the four APIs over HTTP."""
