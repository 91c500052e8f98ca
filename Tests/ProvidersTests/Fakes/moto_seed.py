#!/usr/bin/env python3
"""Prepares a moto_server started with INITIAL_NO_AUTH_ACTION_COUNT=3 for the S3 tests
(moto is a real S3 implementation; this only fills it): the three unauthenticated actions
create an IAM user with an access key allowed everything, after which moto checks the
SigV4 signature of every request. Then, signed with that key, it creates the bucket and
the objects. Prints "<access key> <secret key>".

    moto_seed.py ENDPOINT BUCKET REGION KEY…
"""
import json
import sys

import boto3

endpoint, bucket, region, keys = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="sfreconcile")
iam.put_user_policy(UserName="sfreconcile", PolicyName="all", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="sfreconcile")["AccessKey"]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name=region,
                  aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
for number, name in enumerate(keys):
    s3.put_object(Bucket=bucket, Key=name, Body=b"s" * (100 + number))
print(key["AccessKeyId"], key["SecretAccessKey"])
