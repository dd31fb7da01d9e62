#!/bin/sh
curl -H "Authorization: $CUDO_API_KEY" https://rest.compute.cudo.org/v1/vms
